-- « Pas de public cible »: a Cité's choice, not publics left unsaid.
ALTER TABLE cites ADD COLUMN no_target_public BOOLEAN NOT NULL DEFAULT FALSE;
