// Module entry: magic block and load-time registration.
#include "identity.hpp"
#include "settings.hpp"

extern "C" {
PG_MODULE_MAGIC;
void _PG_init(void);
}

void _PG_init(void) {
    profiles::define_settings();
    profiles::register_identity_callbacks();
}
