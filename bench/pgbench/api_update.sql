-- Workload 2, database side: the seed 000 update the shim sends, as one pipelined implicit
-- transaction (set_actor + api); the new job title differs every time, so the row changes.
\set n random(1, :nusers)
\set v random(1, 1000000000)
\startpipeline
SELECT profiles.set_actor(('00000000-0000-4000-b000-' || lpad(:n::text, 12, '0'))::uuid, NULL, 'pgbench-' || :client_id, NULL);
SELECT profiles.api(('{"resource":"profiles","action":"update","id":"00000000-0000-4000-b000-' || lpad(:n::text, 12, '0') || '","data":{"job_title":"P' || :v || '"}}')::jsonb);
\endpipeline
