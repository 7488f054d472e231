"""The Jupyter Book build: the Sphinx extension `_config.yml` names (`extension`) and what it
sets up: fresh, lean pages (`build`), launch buttons and notebook downloads (`launch`), citation
links turned back into roles (`citations`), and the theme layer (`theme`, `templates/`, `static/`).

Edge. May import: edition, module, pages, kernel.
"""
