from django.contrib import admin

from bodies.models import Body, Session

admin.site.register([Body, Session])
