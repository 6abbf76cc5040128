-- The look-up rate limit shared by every instance (docs/oppslag.md "Limits"): calls per caller per fixed window, added
-- to by each instance's DeltRatebegrenser every oppslag.delt-grense.synk with what it let through since its last turn.
create table oppslag_grense (
    -- the authenticated caller (token client_id or client certificate)
    kaller text   not null,
    -- the window's number: epoch milliseconds divided by the window's length
    vindu  bigint not null,
    -- calls let through in this window, by all instances together
    antall bigint not null,
    primary key (kaller, vindu)
);
