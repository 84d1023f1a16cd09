from bench.lauf import main

main()
