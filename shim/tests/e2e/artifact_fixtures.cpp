#include "artifact_fixtures.hpp"

#include "jwt.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>

namespace profiles::e2e::seed003 {

namespace {

// newline='' keeps CR LF inside quoted cells as they are, as the csv module asks.
constexpr const char* kPythonCsv =
    "import csv, io, json, sys\n"
    "rows = list(csv.reader(io.TextIOWrapper(sys.stdin.buffer, encoding='utf-8', newline='')))\n"
    "sys.stdout.write(json.dumps(rows))\n";
constexpr const char* kPython = "/usr/bin/python3";

bool write_all(int fd, const std::string& data) {
    size_t done = 0;
    while (done < data.size()) {
        ssize_t n = write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        done += static_cast<size_t>(n);
    }
    return true;
}

std::string read_all(int fd) {
    std::string out;
    char buf[65536];
    while (true) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return out;
        }
        out.append(buf, static_cast<size_t>(n));
    }
}

std::string real_path(const std::string& path) {
    char resolved[PATH_MAX];
    return realpath(path.c_str(), resolved) != nullptr ? std::string(resolved) : path;
}

} // namespace

std::string ArtifactTest::session_token(const std::string& sub, const std::string& sid, long ttl) {
    long now = static_cast<long>(std::time(nullptr));
    std::string payload = R"({"sub":")" + sub + R"(","sid":)" + json_quote(sid) + R"(,"iat":)" +
                          std::to_string(now - 60) + R"(,"exp":)" + std::to_string(now + ttl) + "}";
    return jwt::sign_hs256(R"({"alg":"HS256","typ":"JWT"})", payload, Shared::get().secret());
}

Reply ArtifactTest::artifact(const std::string& action, const std::string& token,
                             const std::string& body, const httplib::Headers& extra) {
    return post(std::string(kArtifactsPrefix) + action, token, body, "application/json", extra);
}

Reply ArtifactTest::as(const std::string& user, const std::string& action,
                       const std::string& body) {
    return artifact(action, token_for(user), body);
}

Reply ArtifactTest::patch_draft(const std::string& token, const std::string& body) {
    httplib::Headers headers = {{"Authorization", "Bearer " + token}};
    return to_reply(Shared::get().shim().client()->Patch(
        (std::string(kArtifactsPrefix) + "draft").c_str(), headers, body, "application/json"));
}

Reply ArtifactTest::download(const std::string& upload_id, const std::string& token,
                             const httplib::Headers& extra) {
    httplib::Headers headers = extra;
    if (!token.empty()) {
        headers.emplace("Authorization", "Bearer " + token);
    }
    return get(std::string(kArtifactsPrefix) + "export/" + upload_id, headers);
}

long long ArtifactTest::count(const std::string& sql, const Params& params) {
    return std::stoll(db().scalar(sql, params).value_or("-1"));
}

std::string json_quote(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (byte < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", byte);
            out += escaped;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::vector<std::vector<std::string>> parse_csv_with_python(const std::string& csv,
                                                            std::string& error) {
    std::vector<std::vector<std::string>> rows;
    if (access(kPython, X_OK) != 0) {
        error = std::string(kPython) + " is missing (scripts/deps.sh installs python3)";
        return rows;
    }
    // Python might exit before reading everything: a broken pipe must not kill the tests.
    signal(SIGPIPE, SIG_IGN);
    int in[2];
    int out[2];
    if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) {
        error = "pipe failed";
        return rows;
    }
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], STDIN_FILENO);
        dup2(out[1], STDOUT_FILENO);
        execl(kPython, kPython, "-c", kPythonCsv, static_cast<char*>(nullptr));
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    // Python reads all of stdin before it writes anything, so writing first cannot deadlock.
    bool written = write_all(in[1], csv);
    close(in[1]);
    std::string json = read_all(out[0]);
    close(out[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!written || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        error = "python3 csv reader failed (status " + std::to_string(status) + ")";
        return rows;
    }
    rapidjson::Document doc;
    doc.Parse(json.c_str(), json.size());
    if (doc.HasParseError() || !doc.IsArray()) {
        error = "python3 printed no JSON array";
        return rows;
    }
    for (const auto& row : doc.GetArray()) {
        std::vector<std::string> cells;
        for (const auto& cell : row.GetArray()) {
            cells.emplace_back(cell.GetString(), cell.GetStringLength());
        }
        rows.push_back(std::move(cells));
    }
    return rows;
}

std::vector<pid_t> shim_pids() {
    const std::string binary = real_path(env_or("SHIM_BIN", "./profiles-shim"));
    const pid_t self = getpid();
    std::vector<pid_t> found;
    DIR* proc = opendir("/proc");
    if (proc == nullptr) {
        return found;
    }
    while (dirent* entry = readdir(proc)) {
        char* end = nullptr;
        long pid = std::strtol(entry->d_name, &end, 10);
        if (pid <= 0 || *end != '\0') {
            continue;
        }
        std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
        std::string line;
        std::getline(stat, line);
        // pid (comm) state ppid ...: comm may hold spaces, so read after the last ')'.
        auto close_paren = line.rfind(')');
        if (close_paren == std::string::npos) {
            continue;
        }
        std::istringstream rest(line.substr(close_paren + 1));
        std::string state;
        long ppid = 0;
        rest >> state >> ppid;
        if (ppid == self && state != "Z" &&
            real_path("/proc/" + std::to_string(pid) + "/exe") == binary) {
            found.push_back(static_cast<pid_t>(pid));
        }
    }
    closedir(proc);
    return found;
}

long vm_rss_kib(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0) {
            return std::strtol(line.c_str() + 6, nullptr, 10);
        }
    }
    return -1;
}

bool runs_with_asan(pid_t pid) {
    std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
    std::string line;
    while (std::getline(maps, line)) {
        if (line.find("libasan") != std::string::npos) {
            return true;
        }
    }
    return false;
}

} // namespace profiles::e2e::seed003
