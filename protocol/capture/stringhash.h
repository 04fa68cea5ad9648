#pragma once

#include <QString>

#include <cstddef>
#include <functional>
#include <string_view>

namespace cb::capture {

// Hash for std::unordered_map keyed by QString: libstdc++'s byte hash. Qt's AES string hash
// (qHash) is slow on the machines we measured: it took 12 % of a pcap import's CPU time.
struct StringHash
{
    std::size_t operator()(const QString &s) const noexcept
    {
        return std::hash<std::u16string_view>{}(
            std::u16string_view(reinterpret_cast<const char16_t *>(s.constData()), std::size_t(s.size())));
    }
};

} // namespace cb::capture
