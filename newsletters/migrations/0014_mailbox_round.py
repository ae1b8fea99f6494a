from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('newsletters', '0013_subscriber_import'),
    ]

    operations = [
        migrations.CreateModel(
            name='MailboxRound',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('queued_for', models.DateTimeField(blank=True, null=True, verbose_name='prochain passage prévu le')),
                ('running_until', models.DateTimeField(blank=True, null=True, verbose_name="passage en cours, au plus tard jusqu'au")),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='dernier passage terminé le')),
            ],
            options={
                'verbose_name': 'passage dans la boîte des retours',
                'verbose_name_plural': 'passages dans la boîte des retours',
            },
        ),
    ]
