"""Who may read each entry: the read model other read models ask, in SQL, before they show a
reflection, a set meeting or anything said about one."""
