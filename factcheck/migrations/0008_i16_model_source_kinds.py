# Source kinds for fact-checking: the original report a story follows is new; the
# primary kinds and independent coverage keep their stored values, so no row changes.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('factcheck', '0007_reader_tips'),
    ]

    operations = [
        migrations.AlterField(
            model_name='source',
            name='kind',
            field=models.CharField(choices=[('original', 'original report (the story this one follows)'), ('document', 'primary: document'), ('data', 'primary: data'), ('statement', 'primary: official statement'), ('interview', 'primary: interview'), ('coverage', 'independent corroborating coverage')], default='document', max_length=20, verbose_name='kind'),
        ),
    ]
