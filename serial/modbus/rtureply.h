#pragma once

#include <QByteArray>
#include <QString>

namespace cb::serial::modbus {

// How one RTU transaction ended, after any retries.
struct RtuReply
{
    enum class Status {
        Ok,         // a reply from the right server with the right function and a valid CRC
        Exception,  // the server answered with function | 0x80 and an exception code
        Timeout,    // no valid reply within the timeout
        CrcError,   // a reply arrived but its CRC was wrong
        NotOpen,    // the link was closed or lost before an answer
    };

    Status status = Status::NotOpen;
    QByteArray data;          // PDU data after the function code (Ok)
    quint8 exceptionCode = 0; // Exception
    QByteArray adu;           // the reply frame as received (Ok, Exception, CrcError)
    int attempts = 0;

    bool ok() const { return status == Status::Ok; }
    // "illegal data address", "no answer within 500 ms", ... for messages to people.
    QString describe(int timeoutMs) const;
    static QString exceptionText(quint8 code);
};

} // namespace cb::serial::modbus
