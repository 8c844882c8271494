-- A promotion proposal held at its margin floor said so with the floor in
-- minor units ("floor holds the price at 1234 to keep ≥ 10% margin"); the
-- proposal's promoted price already is that floor and the admin shows it in
-- the store currency, so the sentence no longer repeats the number. Proposals
-- written before this release read the same way.
update promotion_proposals
   set explanation = regexp_replace(explanation, 'floor holds the price at \d+ to keep', 'the margin floor holds the price there to keep')
 where explanation ~ 'floor holds the price at \d+ to keep';
