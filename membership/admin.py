from django.contrib import admin

from membership.models import Chairmanship, FocalPoint, Organization, State

admin.site.register([State, Organization, Chairmanship, FocalPoint])
