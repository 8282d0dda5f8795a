from django.contrib import admin

from .models import SensitiveWord


@admin.register(SensitiveWord)
class SensitiveWordAdmin(admin.ModelAdmin):
    list_display = ("word", "level", "note", "updated_at")
    list_filter = ("level",)
    search_fields = ("word", "note")
    fields = ("word", "level", "note")
