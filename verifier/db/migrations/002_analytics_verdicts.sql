-- Verdicts per day for the dashboards (docs/dashboards.md): a view in `public` beside the indexer's
-- analytics_* views, made here because it exists only where the verifier's table does. Days are the
-- days the verdicts were made (UTC), as the other daily views bucket their own times.
CREATE VIEW public.analytics_verdicts_daily AS
  SELECT date_trunc('day', verified_at, 'UTC') AS bucket, verdict, count(*)::int AS verdicts,
         avg(distance) AS avg_distance, max(distance) AS max_distance,
         (count(*) FILTER (WHERE verdict = 'DISPUTE' AND challenge_id IS NOT NULL))::int AS challenged
  FROM verifier.verification GROUP BY 1, 2;
