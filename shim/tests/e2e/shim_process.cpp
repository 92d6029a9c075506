#include "shim_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>
#include <vector>

extern char** environ;

namespace profiles::e2e {

namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> child_environment(const std::map<std::string, std::string>& overrides) {
    std::map<std::string, std::string> merged;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        std::string text = *entry;
        auto eq = text.find('=');
        if (eq != std::string::npos) {
            merged[text.substr(0, eq)] = text.substr(eq + 1);
        }
    }
    for (const auto& [key, value] : overrides) {
        merged[key] = value;
    }
    std::vector<std::string> out;
    for (const auto& [key, value] : merged) {
        out.push_back(key + "=" + value);
    }
    return out;
}

// Reads the child's stdout until the start line arrives; returns the port or 0.
int read_port(int fd, std::chrono::milliseconds timeout) {
    const std::string marker = "listening on http://";
    std::string seen;
    auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
        pollfd p{fd, POLLIN, 0};
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (poll(&p, 1, static_cast<int>(left.count())) <= 0) {
            return 0;
        }
        char buf[256];
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0) {
            return 0; // the child exited
        }
        seen.append(buf, static_cast<size_t>(n));
        auto at = seen.find(marker);
        auto eol = seen.find('\n', at == std::string::npos ? 0 : at);
        if (at != std::string::npos && eol != std::string::npos) {
            std::string address = seen.substr(at + marker.size(), eol - at - marker.size());
            return std::atoi(address.substr(address.rfind(':') + 1).c_str());
        }
    }
    return 0;
}

} // namespace

std::string env_or(const char* name, const std::string& fallback) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' ? std::string(value) : fallback;
}

std::unique_ptr<ShimProcess> ShimProcess::start(const std::map<std::string, std::string>& overrides,
                                                std::string& error) {
    auto process = std::unique_ptr<ShimProcess>(new ShimProcess());
    std::string binary = env_or("SHIM_BIN", "./profiles-shim");
    char log_template[] = "/tmp/shim-e2e-log-XXXXXX";
    // Close-on-exec: a second shim must not inherit the first one's descriptors.
    int log_fd = mkostemp(log_template, O_CLOEXEC);
    int out[2];
    if (log_fd < 0 || pipe2(out, O_CLOEXEC) != 0) {
        error = "cannot create log file or pipe";
        return nullptr;
    }
    // Unlinked at once: the file lives as long as the descriptors, so nothing is left behind
    // even if this process dies.
    unlink(log_template);
    process->log_fd_ = log_fd;

    std::map<std::string, std::string> env = overrides;
    env.emplace("HOST", "127.0.0.1");
    env["PORT"] = "0";
    env.emplace("PROFILES_LOG_LEVEL", env_or("SHIM_LOG_LEVEL", "info"));
    std::vector<std::string> env_strings = child_environment(env);
    std::vector<char*> envp;
    for (auto& s : env_strings) {
        envp.push_back(s.data());
    }
    envp.push_back(nullptr);
    std::vector<char*> argv = {binary.data(), nullptr};

    const pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        // If the test binary dies (crash, failed assertion), take the shim down with it.
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent) {
            _exit(127);
        }
        dup2(out[1], STDOUT_FILENO);
        dup2(log_fd, STDERR_FILENO);
        close(out[0]);
        close(out[1]);
        close(log_fd);
        execve(binary.c_str(), argv.data(), envp.data());
        _exit(127);
    }
    close(out[1]);
    process->pid_ = pid;
    process->stdout_fd_ = out[0];
    if (pid < 0) {
        error = "fork failed";
        return nullptr;
    }

    process->port_ = read_port(out[0], std::chrono::seconds(15));
    if (process->port_ <= 0) {
        error = "shim did not start (" + binary + "); its log:\n" + process->log();
        return nullptr;
    }
    auto client = process->client();
    for (auto deadline = Clock::now() + std::chrono::seconds(10); Clock::now() < deadline;) {
        if (auto res = client->Get("/live"); res && res->status == 200) {
            return process;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    error = "shim never answered /live; its log:\n" + process->log();
    return nullptr;
}

ShimProcess::~ShimProcess() {
    if (pid_ > 0) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
    }
    if (stdout_fd_ >= 0) {
        close(stdout_fd_);
    }
    if (log_fd_ >= 0) {
        close(log_fd_);
    }
}

std::unique_ptr<httplib::Client> ShimProcess::client() const {
    auto client = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client->set_connection_timeout(5, 0);
    client->set_read_timeout(15, 0);
    return client;
}

int ShimProcess::stop() {
    if (pid_ <= 0) {
        return -1;
    }
    kill(pid_, SIGTERM);
    int status = 0;
    for (auto deadline = Clock::now() + std::chrono::seconds(15); Clock::now() < deadline;) {
        pid_t done = waitpid(pid_, &status, WNOHANG);
        if (done == pid_) {
            pid_ = -1;
            return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
    return -1;
}

std::string ShimProcess::log() const {
    std::string text;
    char buf[4096];
    off_t offset = 0;
    ssize_t n = 0;
    while ((n = pread(log_fd_, buf, sizeof buf, offset)) > 0) {
        text.append(buf, static_cast<size_t>(n));
        offset += n;
    }
    return text;
}

} // namespace profiles::e2e
