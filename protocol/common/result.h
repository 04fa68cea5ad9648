#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace cb {

// A failure a person can act on: what happened, and (where known) what to do about it.
struct Error
{
    QString message;
    QString hint;

    QString text() const { return hint.isEmpty() ? message : message + QStringLiteral(" ") + hint; }
};

// Small expected-style return used across the libraries instead of exceptions, which must never
// cross signals or the event loop.
template<typename T, typename E = Error>
class Result
{
public:
    Result(T value) : m_v(std::in_place_index<0>, std::move(value)) {}
    Result(E error) : m_v(std::in_place_index<1>, std::move(error)) {}

    static Result failure(E error) { return Result(std::move(error)); }

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }

    T &value() & { return std::get<0>(m_v); }
    const T &value() const & { return std::get<0>(m_v); }
    T &&value() && { return std::get<0>(std::move(m_v)); }
    const E &error() const { return std::get<1>(m_v); }

    T valueOr(T fallback) const { return ok() ? value() : std::move(fallback); }

private:
    std::variant<T, E> m_v;
};

// Result for operations with nothing to return.
struct Unit
{
};

template<typename E = Error>
using Status = Result<Unit, E>;

inline Status<> success() { return Unit{}; }

} // namespace cb
