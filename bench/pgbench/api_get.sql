-- Workload 1, database side: what the shim sends for one GET, as one pipelined implicit
-- transaction (set_actor + api), for a random one of the first :nusers users acting on itself.
\set n random(1, :nusers)
\startpipeline
SELECT profiles.set_actor(('00000000-0000-4000-b000-' || lpad(:n::text, 12, '0'))::uuid, NULL, 'pgbench-' || :client_id, NULL);
SELECT profiles.api(('{"resource":"profiles","action":"get","id":"00000000-0000-4000-b000-' || lpad(:n::text, 12, '0') || '"}')::jsonb);
\endpipeline
