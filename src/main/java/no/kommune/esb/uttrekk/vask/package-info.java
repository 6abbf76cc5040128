/**
 * Wash (vask): a fagsystem sends a list of identity numbers (REST {@code POST /api/vask} or an SFTP drop
 * {@code <fagsystem>/vask/inn/<name>.csv}, or its own CSV or XML read by the input layout its registration's
 * {@code vask.mapping} names) and gets each person's current minimised data back with a status (unchanged,
 * moved, new identity number, deceased, emigrated, protected, not found); bad lines are listed, never stop the rest.
 * Pure rules: {@link no.kommune.esb.uttrekk.vask.Vaskefil} (reading the file), {@link no.kommune.esb.uttrekk.vask.Vaskeregel}
 * (the status); the beans look persons up 1,000 at a time and write the answer. Over SFTP a claim per file
 * ({@link no.kommune.esb.uttrekk.vask.VaskKrav}) retries a failed attempt after a wait and gives the file up after
 * {@code vask.krav-maks-forsoek} (a dead letter, {@link no.kommune.esb.uttrekk.vask.VaskDeadLetterRedriver}, and a note);
 * counters in {@link no.kommune.esb.uttrekk.vask.VaskMaalinger}. The answers and processed copies it leaves on the SFTP
 * server are deleted nightly after {@code vask.oppbevaring.*} ({@link no.kommune.esb.uttrekk.vask.VaskRydding}, the rule
 * {@link no.kommune.esb.uttrekk.vask.Vaskeoppbevaring}). docs/uttrekk-formater-og-vask.md.
 */
package no.kommune.esb.uttrekk.vask;
