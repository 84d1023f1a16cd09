#!/usr/bin/env bash
# Makes the demo's sample clip for the sign-language pages (issue 11, point 3): a 12-second
# MP4 (H.264, 640×360, no sound) that shows text only, labelled as a sample in every frame,
# and the WebVTT captions that say exactly what it shows. A real DGS video cannot be produced
# here; the demo (konfiguration/demo/gebaerdensprache.py) loads these two files through the
# model's checks like any upload.
#
# Needs ffmpeg with drawtext (Debian: apt-get install -y ffmpeg) and the DejaVu fonts.
# Run from anywhere: bash konfiguration/demo/dgs/erzeugen.sh
set -euo pipefail
ziel="$(cd "$(dirname "$0")" && pwd)"
arbeit="$(mktemp -d)"
trap 'rm -rf "$arbeit"' EXIT

printf '%s' "Beispielvideo – keine echte Gebärdensprache" >"$arbeit/hinweis.txt"
printf '%s' "Willkommen beim Aktionsplan Inklusion." >"$arbeit/text1.txt"
printf '%s' "Hier steht später ein Video in Gebärdensprache." >"$arbeit/text2.txt"
printf '%s' "Unter dem Video finden Sie alles als Text." >"$arbeit/text3.txt"

schrift="font='DejaVu Sans'"
filter="drawbox=x=0:y=0:w=iw:h=48:color=0xB00020:t=fill"
filter+=",drawtext=${schrift}:textfile=$arbeit/hinweis.txt:fontcolor=white:fontsize=26:x=(w-tw)/2:y=11"
filter+=",drawtext=${schrift}:textfile=$arbeit/text1.txt:fontcolor=white:fontsize=24:x=(w-tw)/2:y=(h-th)/2:enable='lt(t,4)'"
filter+=",drawtext=${schrift}:textfile=$arbeit/text2.txt:fontcolor=white:fontsize=24:x=(w-tw)/2:y=(h-th)/2:enable='between(t,4,8)'"
filter+=",drawtext=${schrift}:textfile=$arbeit/text3.txt:fontcolor=white:fontsize=24:x=(w-tw)/2:y=(h-th)/2:enable='gte(t,8)'"
# A bar that runs along the bottom: shows that the video plays and where a seek landed.
filter+=",drawbox=x=0:y=ih-12:w=iw*t/12:h=12:color=0xFFD700:t=fill"

ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "color=c=0x1F2A44:s=640x360:r=15:d=12" \
  -vf "$filter" \
  -c:v libx264 -profile:v baseline -pix_fmt yuv420p -crf 30 -preset veryslow \
  -movflags +faststart -map_metadata -1 -fflags +bitexact -flags:v +bitexact \
  "$ziel/beispiel.mp4"

cat >"$ziel/beispiel.vtt" <<'VTT'
WEBVTT

1
00:00:00.000 --> 00:00:04.000
Willkommen beim Aktionsplan Inklusion.

2
00:00:04.000 --> 00:00:08.000
Hier steht später ein Video in Gebärdensprache.

3
00:00:08.000 --> 00:00:12.000
Unter dem Video finden Sie alles als Text.
VTT

ls -l "$ziel/beispiel.mp4" "$ziel/beispiel.vtt"
