-- Seed 002 allows PATCH wherever it documents a PUT update, its singular path included.
INSERT INTO @extschema@.api_operation (seed, method, path, function, roles, description) VALUES
 ('002', 'PATCH',  '/profile/{profileId}', 'rest_profile_update', 'own or admin', 'Update a profile');
