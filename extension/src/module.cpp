// Module entry: magic block and load-time registration.
#include "identity.hpp"

extern "C" {
PG_MODULE_MAGIC;
void _PG_init(void);
}

void _PG_init(void) {
    profiles::register_identity_callbacks();
}
