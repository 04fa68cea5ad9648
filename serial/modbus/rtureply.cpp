#include "rtureply.h"

#include <QCoreApplication>

namespace cb::serial::modbus {

namespace {
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::serial::modbus::RtuReply)
};
} // namespace

QString RtuReply::exceptionText(quint8 code)
{
    switch (code) {
    case 1: return Text::tr("illegal function");
    case 2: return Text::tr("illegal data address");
    case 3: return Text::tr("illegal data value");
    case 4: return Text::tr("server device failure");
    case 5: return Text::tr("acknowledge (still processing)");
    case 6: return Text::tr("server busy");
    case 0x0B: return Text::tr("gateway target device failed to respond");
    default: return Text::tr("exception %1").arg(int(code));
    }
}

QString RtuReply::describe(int timeoutMs) const
{
    switch (status) {
    case Status::Ok: return Text::tr("ok");
    case Status::Exception: return exceptionText(exceptionCode);
    case Status::Timeout: return Text::tr("no answer within %1 ms").arg(timeoutMs);
    case Status::CrcError: return Text::tr("the reply had a wrong CRC");
    case Status::NotOpen: return Text::tr("the port is not open");
    }
    return {};
}

} // namespace cb::serial::modbus
