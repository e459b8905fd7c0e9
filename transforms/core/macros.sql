-- Rules more than one model reads, written once. `store.materialise` defines them before each model.

-- The numbers of a headcount as written, thousands separators dropped ("1.200" -> [1200],
-- "50-249" -> [50, 249], "20.000.000" -> [20000000]; the separator is dropped twice, since one pass
-- leaves every second one of "20.000.000")
create or replace temp macro headcount_numbers(employees) as
    list_transform(regexp_extract_all(
        regexp_replace(regexp_replace(coalesce(employees, ''), '(\d)[.,](\d{3})', '\1\2', 'g'),
                       '(\d)[.,](\d{3})', '\1\2', 'g'),
        '\d+'), lambda x: x::double);

-- A headcount: the middle of the range as written ("50-249" -> 149.5); more than ten million is no
-- headcount (a number in the wrong column) and counts as unknown, like a headcount with no number
create or replace temp macro headcount(employees) as
    case when (headcount_numbers(employees)[1] + headcount_numbers(employees)[-1]) / 2 <= 1e7
         then (headcount_numbers(employees)[1] + headcount_numbers(employees)[-1]) / 2 end;

-- The size band of a headcount, as the value model learns it from won and lost deals: narrow enough
-- that a band can win over bigger firms (an ideal customer of 20-500 staff)
create or replace temp macro size_band(headcount) as
    case when headcount >= 5000 then '5000+' when headcount >= 1000 then '1000-4999'
         when headcount >= 500 then '500-999' when headcount >= 250 then '250-499'
         when headcount >= 100 then '100-249' when headcount >= 50 then '50-99'
         when headcount >= 20 then '20-49' when headcount >= 10 then '10-19' when headcount >= 0 then '1-9' end;

-- A placeholder name, given as its words and the seed lists of `placeholder_names.csv`: one placeholder
-- word (Test, Asdf, Topolino) makes it one wherever it stands; a filler (N/A, Unknown, Nome, Foo, Bar) only
-- when the name holds nothing else but initials, since fillers are also real names (the Korean surname Na,
-- the English Sample, an Italian "Bar Roma")
create or replace temp macro placeholder_name(words, tokens, fillers) as
    list_has_any(words, tokens)
    or (list_has_any(words, fillers)
        and list_bool_and(list_transform(words, lambda w: list_contains(fillers, w) or length(w) <= 1)));

-- The digits of a phone number the numbering plan does not know (a local number written without its area
-- code: "226-2649"), as two rows of one list can still compare them, marked with '#' so that they never equal
-- a known number's E.164; NULL where too few or too many digits for a number
create or replace temp macro local_digits(raw) as
    case when length(regexp_replace(raw, '[^0-9]', '', 'g')) between 6 and 15
         then '#' || regexp_replace(raw, '[^0-9]', '', 'g') end;

-- The number two rows are compared on: a valid one (not a placeholder or a premium line) as E.164, or, in a
-- file of local numbers (`local`: `local_number_files`), the digits of one the numbering plan does not know
create or replace temp macro comparable_number(valid, kind, e164, raw, local) as
    case when valid and kind not in ('placeholder', 'premium_rate') then e164
         when kind = 'invalid' and local then local_digits(raw) end;

-- The files of `rows` (a table or view of staged rows) that write their numbers as local numbers: most of the
-- numbers they give are unknown to the numbering plan but have a number's digits (an old city directory:
-- "226-2649", without its area code). Only there do such digits stand for a number (the match keys, the row
-- features); elsewhere an unknown number is a typo or a fake, and says nothing
create or replace temp macro local_number_files(rows) as table
    select source_file
    from query_table(rows)
    where quarantine_reason is null and coalesce(phone_raw, mobile_raw) is not null
    group by source_file
    having avg((coalesce(phone_kind, mobile_kind) = 'invalid'
                and local_digits(coalesce(phone_raw, mobile_raw)) is not null)::int) > 0.5;

-- A cell a spreadsheet would run as a formula (invariant 4): it starts with =, +, -, @, TAB or CR and is
-- no signed number (+393475820193, "+62 812 3456" and -2.5 stay as they are). Digits and spaces are
-- Unicode's, as in `transforms/export/formulas.py`'s rule: \p{Nd}, and Python's whitespace (\t-\r,
-- \x1c-\x1f, \x85 and \p{Z}); a final newline is allowed after the number, as Python's `$` allows it.
create or replace temp macro formula_like(cell) as
    regexp_matches(cell, '^[=+\-@\t\r]')
    and not regexp_full_match(cell, '[+-][\t-\r\x{1c}-\x{1f}\x{85}\p{Z}]*\p{Nd}'
                                    '[\p{Nd}\t-\r\x{1c}-\x{1f}\x{85}\p{Z}]*(\.\p{Nd}+)?\n?');

-- A text cell as the output files print it: a formula-like cell behind an apostrophe, so that it shows as
-- text and never runs; an empty text is printed as nothing, as a missing value is
create or replace temp macro neutralised(cell) as
    case when formula_like(cell) then '''' || cell else nullif(cell, '') end;
