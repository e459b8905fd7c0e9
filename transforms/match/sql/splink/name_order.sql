-- Which way round each file writes names, judged against the other files (a phone book's
-- "RAMAZZOTTI SANDRA", its one name column read first word first, against a vendor's Sandra Ramazzotti).
-- Reads `name_words` (each named row's first and last key as its file gives them) and `turned_files`
-- (the files already turned round); with `$with_store`, the stored rows' keys are evidence too (they were
-- turned when they came in). Per file: how many named rows it has, how many of them hold two words the
-- other files hold too, and how much those rows lean to the surname first (-1) or to the first name first (1).
with words as (
    select w.source_file,
           case when t.source_file is null then w.fk else w.lk end as fk,
           case when t.source_file is null then w.lk else w.fk end as lk
    from name_words w left join turned_files t using (source_file)
),

name_sides as (
    -- how often each file holds a key as the first name and as the surname
    select source_file, key, count(*) filter (where as_first) as n_first, count(*) filter (where not as_first) as n_last
    from (select source_file, unnest([fk, lk]) as key, unnest([true, false]) as as_first from words
          union all
          select source_file, unnest([first_key, last_key]), unnest([true, false]) from member_features
          where $with_store and first_key is not null and last_key is not null)
    group by all
),

lean as (
    -- per file and key, how much the other files hold the key as a first name (1) rather than a surname (-1)
    select s.source_file, s.key,
           (t.n_first - s.n_first - t.n_last + s.n_last) / nullif(t.n_first + t.n_last - s.n_first - s.n_last, 0) as lean
    from name_sides s
    join (select key, sum(n_first) as n_first, sum(n_last) as n_last from name_sides group by key) t using (key)
    where s.source_file in (select source_file from name_words)  -- only this run's files are judged
),

votes as (
    -- each row's vote: which of its two words the other files take more for a first name (0: they cannot tell)
    select w.source_file, sign(coalesce(f.lean, 0) - coalesce(l.lean, 0)) as vote
    from words w
    left join lean f on f.source_file = w.source_file and f.key = w.fk
    left join lean l on l.source_file = w.source_file and l.key = w.lk
)

select source_file, count(*) as named, count(*) filter (where vote != 0) as known,
       coalesce(avg(vote) filter (where vote != 0), 0) as lean
from votes
group by source_file
