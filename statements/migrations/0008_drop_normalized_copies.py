"""Drop the normalized copies of titles and texts (78 MiB of the corpus's 365).

The admin's search reads the words of 0006 instead, and the near-duplicate
check normalizes the texts of its few candidates. On SQLite the space goes to
the database's free list: ``VACUUM`` (with the site stopped) gives it back to
the file system.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('statements', '0007_statement_words'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='statement',
            name='normalized_body',
        ),
        migrations.RemoveField(
            model_name='statement',
            name='normalized_title',
        ),
    ]
