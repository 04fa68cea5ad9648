#pragma once

#include <QtGlobal>

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>

namespace cb::capture {

// One TCP endpoint: IPv4 addresses are stored as IPv4-mapped IPv6 so both families share a key.
struct Endpoint
{
    std::array<quint8, 16> address{};
    quint16 port = 0;
    bool v6 = false;

    friend bool operator==(const Endpoint &, const Endpoint &) = default;
};

// Both endpoints of a TCP connection in a canonical order, so both directions find one entry.
struct FlowKey
{
    Endpoint low;
    Endpoint high;

    friend bool operator==(const FlowKey &, const FlowKey &) = default;
};

struct FlowKeyHash
{
    std::size_t operator()(const FlowKey &k) const noexcept;
};

// A TCP segment as found in a packet: views into the packet buffer, valid until the next packet.
struct TcpSegment
{
    Endpoint source;
    Endpoint destination;
    quint32 seq = 0;
    quint32 ack = 0;
    quint8 flags = 0;
    const quint8 *payload = nullptr;
    quint32 payloadLength = 0; // bytes present in the capture
    quint32 missingBytes = 0;  // payload bytes cut off by the snap length

    static constexpr quint8 Fin = 0x01, Syn = 0x02, Rst = 0x04, Ack = 0x10;
};

// Finds the TCP segment in one captured packet of the given libpcap link type (Ethernet with
// VLAN tags, Linux cooked v1/v2, raw IP, BSD loopback). False for anything else (ARP, UDP, IP
// fragments, unknown link types, packets cut before the TCP header).
bool decodeTcpSegment(int linkType, const quint8 *data, quint32 capturedLength, quint32 wireLength, TcpSegment &out);

// True when libpcap's link type is one decodeTcpSegment() understands.
bool isSupportedLinkType(int linkType);

} // namespace cb::capture
