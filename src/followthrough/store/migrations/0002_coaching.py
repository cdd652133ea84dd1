# Consent between seekers and coaches, the access log, and facts kept with each application's plan.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('store', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='application',
            name='interviews',
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='application',
            name='last_event_on',
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='application',
            name='promised_on',
            field=models.DateField(blank=True, null=True),
        ),
        # What the events already say, for the applications stored before: the promised
        # date needs the planner, and comes with the next re-plan or import.
        migrations.RunSQL(
            'UPDATE ft_application SET '
            "interviews = (SELECT COUNT(*) FROM ft_event WHERE ft_event.application_id = ft_application.id AND ft_event.type = 'interview'), "
            'last_event_on = (SELECT MAX(ft_event."on") FROM ft_event WHERE ft_event.application_id = ft_application.id)',
            migrations.RunSQL.noop,
        ),
        migrations.CreateModel(
            name='AccessLogEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('coach_name', models.TextField()),
                ('at', models.DateTimeField()),
                ('page', models.CharField(max_length=200)),
                ('coach', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('seeker', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='access_log', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'ft_access_log',
                'ordering': ['-at', '-id'],
                'indexes': [models.Index(fields=['seeker', 'at'], name='ft_access_log_seeker')],
            },
        ),
        migrations.CreateModel(
            name='CoachLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('requested', 'Requested'), ('active', 'Active'), ('revoked', 'Revoked')], max_length=16)),
                ('full_view', models.BooleanField(default=False)),
                ('asked_by_coach', models.BooleanField(default=False)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('changed_at', models.DateTimeField(auto_now=True)),
                ('consented_at', models.DateTimeField(blank=True, null=True)),
                ('revoked_at', models.DateTimeField(blank=True, null=True)),
                ('coach', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='seeker_links', to=settings.AUTH_USER_MODEL)),
                ('seeker', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='coach_links', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'ft_coach_link',
                'ordering': ['id'],
                'indexes': [models.Index(fields=['coach', 'status'], name='ft_coach_link_caseload')],
                'constraints': [models.UniqueConstraint(fields=('seeker', 'coach'), name='ft_coach_link_pair'), models.CheckConstraint(condition=models.Q(('seeker', models.F('coach')), _negated=True), name='ft_coach_link_two_people'), models.CheckConstraint(condition=models.Q(('status__in', ['requested', 'active', 'revoked'])), name='ft_coach_link_status_known')],
            },
        ),
    ]
