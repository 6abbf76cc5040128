-- How many times an extract run's rows have been read again from the register (UttrekkKjoerer; docs/uttrekk.md "Resume
-- after a crash, and never twice"). A delivery that failed, or a round after a crash, no longer sends the file written
-- earlier: the rows are read again under the registration now live, so a registration narrowed or a person who became
-- strengtFortrolig since goes out as the register and the registration say now. 0: the first reading. While a run is
-- read again, a finished batch does not reset its failed attempts (a delivery failing for good still ends FEILET), and
-- its Kafka records are keyed <id>:<lesing>:<row number>, so a consumer does not drop them as repeats of the earlier rows.
alter table uttrekk add column lesing integer not null default 0;
