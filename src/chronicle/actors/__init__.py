"""Who the political actors are: the actor registry (data/actors/*.tsv and any user registry folders) and the
importer that turns TABARI/PETRARCH actor and agent dictionaries into registry files. The analysis links
names to it; nothing here reads articles."""
