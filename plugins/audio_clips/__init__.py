"""audio_clips: a Pelican plugin that places licensed audio clips into article sections.

Authors list clips in YAML front matter; see docs/authoring.md. ``register()`` only connects signals.
"""

from pelican import signals

from .pelican_hooks import (
    add_generator,
    check_settings,
    describe_clips,
    flush_probe_caches,
    install_reader,
    prepare,
)


def register():
    signals.initialized.connect(check_settings)
    signals.readers_init.connect(install_reader)
    signals.article_generator_init.connect(prepare)
    signals.page_generator_init.connect(prepare)
    signals.all_generators_finalized.connect(flush_probe_caches)
    signals.all_generators_finalized.connect(describe_clips)
    signals.get_generators.connect(add_generator)
