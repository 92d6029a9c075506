// A superuser connection (ADMIN_DATABASE_URL) for test setup and for checking what HTTP calls
// wrote.
#pragma once

#include <optional>
#include <string>
#include <vector>

typedef struct pg_conn PGconn;

namespace profiles::e2e {

using Params = std::vector<std::optional<std::string>>;

class AdminDb {
  public:
    explicit AdminDb(const std::string& url); // throws std::runtime_error when it cannot connect
    ~AdminDb();
    AdminDb(const AdminDb&) = delete;
    AdminDb& operator=(const AdminDb&) = delete;

    // Runs one statement; throws with the server's message on error.
    void exec(const std::string& sql, const Params& params = {});
    // First column of the first row; nullopt for no row or NULL.
    std::optional<std::string> scalar(const std::string& sql, const Params& params = {});

  private:
    PGconn* conn_;
};

// A random (version 4) UUID.
std::string new_uuid();

} // namespace profiles::e2e
