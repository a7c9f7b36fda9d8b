"""What every page stands on: its data and context, HTML, language, long work, folds, links, logs."""
