"""What the repository's tests share: real test audio files and real site builds.

The plugin's own suite (plugins/audio-clips/tests) has its own small copy of the audio writer,
because it ships in the package's sdist and must run without this repository.
"""
