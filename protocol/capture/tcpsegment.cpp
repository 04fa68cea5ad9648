#include "tcpsegment.h"

#include <cstring>

namespace cb::capture {

namespace {

// libpcap link types (pcap/dlt.h values, stable across platforms for these).
constexpr int kNull = 0, kEthernet = 1, kRaw = 12, kRaw101 = 101, kLoop = 108, kLinuxSll = 113, kIpv4 = 228,
              kIpv6 = 229, kLinuxSll2 = 276;

constexpr quint16 kEtherIpv4 = 0x0800, kEtherIpv6 = 0x86dd, kEtherVlan = 0x8100, kEtherQinQ = 0x88a8;
constexpr quint8 kProtoTcp = 6;

inline quint16 be16(const quint8 *p) { return quint16((p[0] << 8) | p[1]); }
inline quint32 be32(const quint8 *p) { return (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | p[3]; }

bool decodeTcp(const quint8 *p, quint32 available, quint32 wireAvailable, TcpSegment &out)
{
    if (available < 20)
        return false;
    const quint32 headerLength = quint32(p[12] >> 4) * 4;
    if (headerLength < 20 || headerLength > available)
        return false;
    out.source.port = be16(p);
    out.destination.port = be16(p + 2);
    out.seq = be32(p + 4);
    out.ack = be32(p + 8);
    out.flags = p[13];
    out.payload = p + headerLength;
    out.payloadLength = available - headerLength;
    out.missingBytes = wireAvailable > available ? wireAvailable - available : 0;
    return true;
}

// `available`: bytes in the capture from p; `wireMissing`: bytes cut off by the snap length.
bool decodeIp(const quint8 *p, quint32 available, quint32 wireMissing, TcpSegment &out)
{
    if (available < 1)
        return false;
    const int version = p[0] >> 4;
    if (version == 4) {
        if (available < 20)
            return false;
        const quint32 headerLength = quint32(p[0] & 0x0f) * 4;
        const quint32 total = be16(p + 2);
        if (headerLength < 20 || total < headerLength || headerLength > available)
            return false;
        // Fragments (more-fragments flag or an offset) are not reassembled: TCP over OCPP avoids them.
        if ((be16(p + 6) & 0x3fff) != 0 || p[9] != kProtoTcp)
            return false;
        out.source = {};
        out.destination = {};
        out.source.address[10] = out.source.address[11] = 0xff;
        out.destination.address[10] = out.destination.address[11] = 0xff;
        std::memcpy(out.source.address.data() + 12, p + 12, 4);
        std::memcpy(out.destination.address.data() + 12, p + 16, 4);
        // The IP total length drops Ethernet padding; the capture may hold less than it.
        const quint32 inCapture = std::min(total, available);
        const quint32 onWire = std::min<quint32>(total, available + wireMissing);
        return decodeTcp(p + headerLength, inCapture - headerLength, onWire - headerLength, out);
    }
    if (version == 6) {
        if (available < 40)
            return false;
        const quint32 payloadLength = be16(p + 4);
        quint8 next = p[6];
        out.source = {};
        out.destination = {};
        out.source.v6 = out.destination.v6 = true;
        std::memcpy(out.source.address.data(), p + 8, 16);
        std::memcpy(out.destination.address.data(), p + 24, 16);
        quint32 offset = 40;
        const quint32 end = std::min<quint32>(40 + payloadLength, available);
        const quint32 wireEnd = std::min<quint32>(40 + payloadLength, available + wireMissing);
        // Skip extension headers; a fragment header (44) means a fragment, which is not reassembled.
        while (next == 0 || next == 43 || next == 60) {
            if (offset + 8 > end)
                return false;
            next = p[offset];
            offset += (quint32(p[offset + 1]) + 1) * 8;
        }
        if (next != kProtoTcp || offset > end)
            return false;
        return decodeTcp(p + offset, end - offset, wireEnd - offset, out);
    }
    return false;
}

bool decodeEtherType(quint16 type, const quint8 *p, quint32 available, quint32 wireMissing, TcpSegment &out)
{
    if (type != kEtherIpv4 && type != kEtherIpv6)
        return false;
    return decodeIp(p, available, wireMissing, out);
}

} // namespace

std::size_t FlowKeyHash::operator()(const FlowKey &k) const noexcept
{
    // FNV-1a over the 36 meaningful bytes; cheap and good enough for a few thousand flows.
    std::size_t h = 1469598103934665603ull;
    auto mix = [&h](const quint8 *p, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i)
            h = (h ^ p[i]) * 1099511628211ull;
    };
    mix(k.low.address.data(), 16);
    mix(k.high.address.data(), 16);
    const quint8 ports[4] = {quint8(k.low.port), quint8(k.low.port >> 8), quint8(k.high.port), quint8(k.high.port >> 8)};
    mix(ports, 4);
    return h;
}

bool isSupportedLinkType(int linkType)
{
    switch (linkType) {
    case kNull: case kEthernet: case kRaw: case kRaw101: case kLoop: case kLinuxSll: case kIpv4: case kIpv6: case kLinuxSll2:
        return true;
    default:
        return false;
    }
}

bool decodeTcpSegment(int linkType, const quint8 *data, quint32 capturedLength, quint32 wireLength, TcpSegment &out)
{
    const quint32 wireMissing = wireLength > capturedLength ? wireLength - capturedLength : 0;
    switch (linkType) {
    case kEthernet: {
        if (capturedLength < 14)
            return false;
        quint32 offset = 12;
        quint16 type = be16(data + offset);
        while ((type == kEtherVlan || type == kEtherQinQ) && offset + 6 <= capturedLength) {
            offset += 4;
            type = be16(data + offset);
        }
        offset += 2;
        if (offset > capturedLength)
            return false;
        return decodeEtherType(type, data + offset, capturedLength - offset, wireMissing, out);
    }
    case kLinuxSll:
        if (capturedLength < 16)
            return false;
        return decodeEtherType(be16(data + 14), data + 16, capturedLength - 16, wireMissing, out);
    case kLinuxSll2:
        if (capturedLength < 20)
            return false;
        return decodeEtherType(be16(data), data + 20, capturedLength - 20, wireMissing, out);
    case kNull:
    case kLoop:
        // A 4-byte address family in the capturing host's byte order (NULL) or big endian (LOOP);
        // the IP version nibble tells the family, so the header is just skipped.
        if (capturedLength < 4)
            return false;
        return decodeIp(data + 4, capturedLength - 4, wireMissing, out);
    case kRaw:
    case kRaw101:
    case kIpv4:
    case kIpv6:
        return decodeIp(data, capturedLength, wireMissing, out);
    default:
        return false;
    }
}

} // namespace cb::capture
