"""The admin is the Datenpflege's (aktionsplan.admin_site). The queue's own rows (django-tasks-db
registers an admin for them) stay out of it: people follow their tasks on the status pages
(/aufgaben/), and a failed task's traceback is in the worker's log."""

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
