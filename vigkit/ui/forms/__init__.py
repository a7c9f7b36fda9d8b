"""Forms over the store: question sets, case details, consent, helping questions, supervision records, films."""
