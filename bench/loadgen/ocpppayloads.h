#pragma once

#include <array>
#include <string>
#include <string_view>

namespace cb::bench {

enum class BenchVersion { V16, V201, V21 };
enum class BenchAction { BootNotification, Heartbeat, MeterValues, StatusNotification };

constexpr int BenchActionCount = 4;

std::string_view subprotocol(BenchVersion version);
std::string_view versionLabel(BenchVersion version);
std::string_view actionName(BenchAction action);

// Fixed, schema-valid request payloads for each version (one timestamp taken at start-up), so
// the generator spends no time building JSON. tests in the compare script and
// `chargebench-cli schema validate` check them against the official schemas.
class PayloadSet
{
public:
    PayloadSet();
    std::string_view payload(BenchVersion version, BenchAction action) const
    {
        return m_payloads[std::size_t(version)][std::size_t(action)];
    }

private:
    std::array<std::array<std::string, BenchActionCount>, 3> m_payloads;
};

} // namespace cb::bench
