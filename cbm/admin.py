from django.contrib import admin

from cbm.models import AnnualPlan, ConceptPaper, CoordinatorRole, Dimension, PlanItem, PriorityArea

admin.site.register([Dimension, PriorityArea, CoordinatorRole, ConceptPaper, AnnualPlan, PlanItem])
