-- Bench-only objects in database profiles_bench (never in the test database `profiles`):
-- the organization and departments, an admin identity, and the data generator used to grow the
-- data set. Runs as the superuser right after CREATE EXTENSION.
CREATE SCHEMA bench;

INSERT INTO profiles.organization (id, name) VALUES ('00000000-0000-4000-a000-0000000000aa', 'Bench Org');
INSERT INTO profiles.department (id, organization_id, name)
SELECT ('00000000-0000-4000-a100-' || lpad(d::text, 12, '0'))::uuid, '00000000-0000-4000-a000-0000000000aa',
       (ARRAY['Sales','Support','Engineering','Marketing','Finance','Legal','Operations','Research',
              'Product','Design','People','Security','Data','Partners','Success','Logistics'])[d]
FROM generate_series(1, 16) d;

-- The admin actor of the admin workloads (search, list, export, bulk create).
INSERT INTO profiles.users (id, email, role, full_name)
VALUES ('00000000-0000-4000-a000-000000000001', 'bench-admin@example.com', 'internal_admin', 'Bench Admin');

-- Name parts: profile n gets first name first_names[h1(n)], last name last_names[h2(n)], so
-- names, e-mails and trigram frequencies look like a directory rather than a counter.
CREATE TABLE bench.first_names (i int PRIMARY KEY, v text NOT NULL);
CREATE TABLE bench.last_names (i int PRIMARY KEY, v text NOT NULL);
INSERT INTO bench.first_names
SELECT row_number() OVER (), v FROM unnest(ARRAY[
 'James','Mary','Robert','Patricia','John','Jennifer','Michael','Linda','David','Elizabeth','William',
 'Barbara','Richard','Susan','Joseph','Jessica','Thomas','Sarah','Charles','Karen','Christopher','Lisa',
 'Daniel','Nancy','Matthew','Betty','Anthony','Margaret','Mark','Sandra','Donald','Ashley','Steven',
 'Kimberly','Paul','Emily','Andrew','Donna','Joshua','Michelle','Kenneth','Carol','Kevin','Amanda',
 'Brian','Dorothy','George','Melissa','Timothy','Deborah','Ronald','Stephanie','Edward','Rebecca',
 'Jason','Sharon','Jeffrey','Laura','Ryan','Cynthia','Jacob','Kathleen','Gary','Amy','Nicholas',
 'Angela','Eric','Shirley','Jonathan','Anna','Stephen','Brenda','Larry','Pamela','Justin','Emma',
 'Scott','Nicole','Brandon','Helen','Benjamin','Samantha','Samuel','Katherine','Gregory','Christine',
 'Alexander','Debra','Frank','Rachel','Patrick','Carolyn','Raymond','Janet','Jack','Catherine',
 'Dennis','Maria','Jerry','Heather','Tyler','Diane','Aaron','Ruth','Jose','Julie','Adam','Olivia',
 'Nathan','Joyce','Henry','Virginia','Douglas','Victoria','Zachary','Kelly','Peter','Lauren','Kyle',
 'Christina','Ethan','Joan','Walter','Evelyn','Noah','Judith','Jeremy','Megan','Christian','Andrea',
 'Keith','Cheryl','Roger','Hannah','Terry','Jacqueline','Gerald','Martha','Harold','Gloria','Sean',
 'Teresa','Austin','Ann','Carl','Sara','Arthur','Madison','Lawrence','Frances','Dylan','Kathryn',
 'Jesse','Janice','Jordan','Jean','Bryan','Abigail','Billy','Alice','Joe','Judy','Bruce','Sophia',
 'Gabriel','Grace','Logan','Denise','Albert','Amber','Willie','Doris','Alan','Marilyn','Juan',
 'Danielle','Wayne','Beverly','Elijah','Isabella','Randy','Theresa','Roy','Diana','Vincent',
 'Natalie','Ralph','Brittany','Eugene','Charlotte','Russell','Marie','Bobby','Kayla','Mason','Alexis',
 'Philip','Lori','Aiko','Ravi','Ngozi','Mateo','Yuki','Chen','Fatima','Omar','Priya','Sven','Ingrid',
 'Kofi','Amara','Luca','Giulia','Hiroshi','Mei','Arjun','Zanele','Dmitri','Olga','Tariq','Leila'
]) v;
INSERT INTO bench.last_names
SELECT row_number() OVER (), v FROM unnest(ARRAY[
 'Smith','Johnson','Williams','Brown','Jones','Garcia','Miller','Davis','Rodriguez','Martinez',
 'Hernandez','Lopez','Gonzalez','Wilson','Anderson','Thomas','Taylor','Moore','Jackson','Martin','Lee',
 'Perez','Thompson','White','Harris','Sanchez','Clark','Ramirez','Lewis','Robinson','Walker','Young',
 'Allen','King','Wright','Scott','Torres','Nguyen','Hill','Flores','Green','Adams','Nelson','Baker',
 'Hall','Rivera','Campbell','Mitchell','Carter','Roberts','Gomez','Phillips','Evans','Turner','Diaz',
 'Parker','Cruz','Edwards','Collins','Reyes','Stewart','Morris','Morales','Murphy','Cook','Rogers',
 'Gutierrez','Ortiz','Morgan','Cooper','Peterson','Bailey','Reed','Kelly','Howard','Ramos','Kim',
 'Cox','Ward','Richardson','Watson','Brooks','Chavez','Wood','James','Bennett','Gray','Mendoza',
 'Ruiz','Hughes','Price','Alvarez','Castillo','Sanders','Patel','Myers','Long','Ross','Foster',
 'Jimenez','Powell','Jenkins','Perry','Russell','Sullivan','Bell','Coleman','Butler','Henderson',
 'Barnes','Gonzales','Fisher','Vasquez','Simmons','Romero','Jordan','Patterson','Alexander','Hamilton',
 'Graham','Reynolds','Griffin','Wallace','Moreno','West','Cole','Hayes','Bryant','Herrera','Gibson',
 'Ellis','Tran','Medina','Aguilar','Stevens','Murray','Ford','Castro','Marshall','Owens','Harrison',
 'Fernandez','McDonald','Woods','Washington','Kennedy','Wells','Vargas','Henry','Chen','Freeman',
 'Webb','Tucker','Guzman','Burns','Crawford','Olson','Simpson','Porter','Hunter','Gordon','Mendez',
 'Silva','Shaw','Snyder','Mason','Dixon','Munoz','Hunt','Hicks','Holmes','Palmer','Wagner','Black',
 'Robertson','Boyd','Rose','Stone','Salazar','Fox','Warren','Mills','Meyer','Rice','Schmidt','Garza',
 'Daniels','Ferguson','Nichols','Stephens','Soto','Weaver','Ryan','Gardner','Payne','Grant','Dunn',
 'Kowalski','Novak','Okafor','Adeyemi','Tanaka','Suzuki','Yamamoto','Ivanov','Petrov','Nakamura',
 'Singh','Kumar','Sharma','Haddad','Nasser','Lindqvist','Johansson','Rossi','Bianchi','Muller',
 'Schneider','Dubois','Lefebvre','Moreau','Kaur','Mensah','Osei','Zhang','Wang','Liu','Huang','Yilmaz'
]) v;

-- Users and profiles first..last, with deterministic ids
-- 00000000-0000-4000-b000-<n zero-padded to 12 digits>. Triggers are skipped while loading
-- (the activity log of a bulk load is not part of any workload).
CREATE FUNCTION bench.load(first bigint, last bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE nf int := (SELECT count(*) FROM bench.first_names);
        nl int := (SELECT count(*) FROM bench.last_names);
BEGIN
    SET LOCAL session_replication_role = replica;
    -- (users.email stays empty: no workload reads it, and its domain check is the costliest
    -- part of a load)
    INSERT INTO profiles.users (id, role, organization_id, department_id)
    SELECT bench.uid(n), CASE WHEN n % 20 = 0 THEN 'consumer' ELSE 'standard_user' END,
           '00000000-0000-4000-a000-0000000000aa', bench.dept(n)
    FROM generate_series(first, last) n;
    INSERT INTO profiles.profile (id, first_name, middle_name, last_name, email, phone, city,
                                  country_numeric_code, company_name, job_title, team_id, team_role,
                                  tags, timezone, language, created_at, updated_at)
    SELECT bench.uid(n), f.v, CASE WHEN n % 7 = 0 THEN 'J' END, l.v, bench.email(n, f.v, l.v),
           '+1' || (2000000000 + n)::text,
           (ARRAY['Toronto','Paris','Lagos','Tokyo','Berlin','Austin','Lima','Pune'])[1 + n % 8],
           (ARRAY['124','250','566','392','276','840','604','356'])[1 + n % 8],
           'Company ' || (n % 5000), (ARRAY['Engineer','Manager','Analyst','Director','Agent'])[1 + n % 5],
           bench.dept(n), 'member', ARRAY['cohort-' || (n % 50)],
           (ARRAY['America/Toronto','Europe/Paris','Africa/Lagos','Asia/Tokyo'])[1 + n % 4], 'en',
           timestamptz '2020-01-01' + n * interval '1 minute', timestamptz '2020-01-01' + n * interval '1 minute'
    FROM generate_series(first, last) n
    JOIN bench.first_names f ON f.i = 1 + (hashint8(n) & 2147483647) % nf
    JOIN bench.last_names l ON l.i = 1 + (hashint8(n * 7 + 3) & 2147483647) % nl;
    -- Joined data for the export's denormalized rows: a subscription for every 4th profile,
    -- call purchases for every 10th, a contact for every 8th.
    INSERT INTO profiles.subscription (profile_id, plan, status, created_at)
    SELECT bench.uid(n), (ARRAY['free','pro','team'])[1 + n % 3], 'active', now()
    FROM generate_series(first, last) n WHERE n % 4 = 0;
    INSERT INTO profiles.call_purchase (profile_id, minutes, amount_cents)
    SELECT bench.uid(n), 100, 1500 FROM generate_series(first, last) n WHERE n % 10 = 0;
    INSERT INTO profiles.contact (profile_id, key, value)
    SELECT bench.uid(n), 'phone', '+1' || (3000000000 + n)::text FROM generate_series(first, last) n WHERE n % 8 = 0;
END
$$;

CREATE FUNCTION bench.uid(n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ('00000000-0000-4000-b000-' || lpad(n::text, 12, '0'))::uuid;
CREATE FUNCTION bench.dept(n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ('00000000-0000-4000-a100-' || lpad((1 + n % 16)::text, 12, '0'))::uuid;
CREATE FUNCTION bench.email(n bigint, f text, l text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN lower(f) || '.' || lower(l) || n || '@' ||
           (ARRAY['example.com','mail.example.org','corp.example.net','inbox.example.io'])[1 + n % 4];
