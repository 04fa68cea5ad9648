#pragma once

#include <chrono>

namespace cb::pki {

// Validity period relative to the moment of issuing. Offsets rather than dates so tests can ask
// for "expired yesterday" or "valid from tomorrow" without knowing the clock.
struct Validity
{
    // Backdated by an hour by default: a charger's clock that runs a little behind the laptop's
    // must not see a fresh certificate as not yet valid.
    std::chrono::seconds notBeforeOffset = std::chrono::hours(-1);
    std::chrono::seconds notAfterOffset = std::chrono::days(365);

    static Validity days(int count) { return {std::chrono::hours(-1), std::chrono::days(count)}; }
    // Valid for 30 days, ended a day ago.
    static Validity expired() { return {std::chrono::days(-31), std::chrono::days(-1)}; }
    // Becomes valid in a day.
    static Validity notYetValid() { return {std::chrono::days(1), std::chrono::days(31)}; }
};

} // namespace cb::pki
