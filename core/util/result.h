#pragma once
// Intended usage: functions whose failure is an expected outcome (a bad file, a bad
// option) return Result<T>; the caller checks ok() and shows error() to the user.
// Broken invariants are asserts, not Results.
//
//   Result<Dataset> r = generateDataset(params);
//   if (!r) { std::cerr << r.error() << '\n'; return 2; }
//   Dataset d = std::move(r).value();

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace moe {

/// A failure the user can act on: one line that names what is wrong and where.
struct Error {
    std::string message;
};

template <class T>
class Result {
public:
    Result(T value) : m_state(std::move(value)) {}          // NOLINT: implicit by design
    Result(Error error) : m_state(std::move(error)) {}      // NOLINT: implicit by design

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    const T& value() const& { assert(ok()); return std::get<T>(m_state); }
    T& value() & { assert(ok()); return std::get<T>(m_state); }
    T&& value() && { assert(ok()); return std::get<T>(std::move(m_state)); }

    const std::string& error() const { assert(!ok()); return std::get<Error>(m_state).message; }

private:
    std::variant<T, Error> m_state;
};

/// Result of an operation that yields nothing but can fail.
class Status {
public:
    Status() = default;
    Status(Error error) : m_error(std::move(error.message)), m_failed(true) {}  // NOLINT

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const std::string& error() const { assert(m_failed); return m_error; }

private:
    std::string m_error;
    bool m_failed = false;
};

}  // namespace moe
