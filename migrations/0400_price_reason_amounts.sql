-- Price reasons name their money instead of printing it (issue #12's walk:
-- "cost 1000" on a USD store). The engine knows no currency, so a reason's
-- `effect` now says `{name}` where an amount goes and carries the amount in
-- `amounts` (minor units); the admin formats it in the store currency.
-- Rows recorded before this release wrote the amount into the text: rewrite
-- them into the same shape, so old history reads like new. The engine's money
-- texts were exactly these (src/modules/pricing/engine.ts, engine-promotions.ts):
--   cost_plus     "cost <n> + <p>% markup"
--   margin_floor  "cost floor <n>"
--   demand        "<cover>: <direction>, band <n>–<n>"
--   bounds        "within <n>–<n>"
--   promotion     "<name>: <n> off"   (a fixed amount; a percentage reads "<p>% off")
-- Anything else (and a reason that already has `amounts`) is left as it is.
create function pg_temp.reason_with_amounts(e jsonb) returns jsonb
language plpgsql immutable as $$
declare
  eff text := e->>'effect';
  m text[];
begin
  if e ? 'amounts' or eff is null then
    return e;
  end if;
  case e->>'rule'
    when 'cost_plus' then
      m := regexp_match(eff, '^cost (\d+) (\+ .*)$');
      if m is not null then
        return e || jsonb_build_object('effect', 'cost {cost} ' || m[2], 'amounts', jsonb_build_object('cost', m[1]::bigint));
      end if;
    when 'margin_floor' then
      m := regexp_match(eff, '^cost floor (\d+)$');
      if m is not null then
        return e || jsonb_build_object('effect', 'cost floor {floor}', 'amounts', jsonb_build_object('floor', m[1]::bigint));
      end if;
    when 'demand' then
      m := regexp_match(eff, '^(.*), band (\d+)–(\d+)$');
      if m is not null then
        return e || jsonb_build_object('effect', m[1] || ', band {min}–{max}',
          'amounts', jsonb_build_object('min', m[2]::bigint, 'max', m[3]::bigint));
      end if;
    when 'bounds' then
      m := regexp_match(eff, '^within (\d+)–(\d+)$');
      if m is not null then
        return e || jsonb_build_object('effect', 'within {min}–{max}',
          'amounts', jsonb_build_object('min', m[1]::bigint, 'max', m[2]::bigint));
      end if;
    when 'promotion' then
      m := regexp_match(eff, '^(.*): (\d+) off$');
      if m is not null then
        return e || jsonb_build_object('effect', m[1] || ': {off} off', 'amounts', jsonb_build_object('off', m[2]::bigint));
      end if;
    else
      null;
  end case;
  return e;
end $$;

update price_history h
   set reasons = (
     select jsonb_agg(pg_temp.reason_with_amounts(x.e) order by x.i)
       from jsonb_array_elements(h.reasons) with ordinality as x(e, i)
   )
 where jsonb_typeof(h.reasons) = 'array'
   and jsonb_array_length(h.reasons) > 0
   and h.reasons::text ~ '(cost \d|cost floor \d|band \d|within \d|: \d+ off)';

drop function pg_temp.reason_with_amounts(jsonb);
