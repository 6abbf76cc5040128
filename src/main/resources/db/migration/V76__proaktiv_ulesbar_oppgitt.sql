-- An event kept in proaktiv_ulesbar (V75) is read again at most proaktiv.ulesbar-maks-forsoek rounds; then it is given
-- up: oppgitt is set, it is not read again, and it is counted as given up in GET /api/proaktiv (docs/proaktiv.md).
alter table proaktiv_ulesbar add column oppgitt timestamptz;
