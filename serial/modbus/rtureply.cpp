#include "rtureply.h"

#include <QCoreApplication>

namespace cb::serial::modbus {

namespace {
QString tr(const char *s) { return QCoreApplication::translate("cb::serial::modbus::RtuReply", s); }
} // namespace

QString RtuReply::exceptionText(quint8 code)
{
    switch (code) {
    case 1: return tr("illegal function");
    case 2: return tr("illegal data address");
    case 3: return tr("illegal data value");
    case 4: return tr("server device failure");
    case 5: return tr("acknowledge (still processing)");
    case 6: return tr("server busy");
    case 0x0B: return tr("gateway target device failed to respond");
    default: return tr("exception %1").arg(int(code));
    }
}

QString RtuReply::describe(int timeoutMs) const
{
    switch (status) {
    case Status::Ok: return tr("ok");
    case Status::Exception: return exceptionText(exceptionCode);
    case Status::Timeout: return tr("no answer within %1 ms").arg(timeoutMs);
    case Status::CrcError: return tr("the reply had a wrong CRC");
    case Status::NotOpen: return tr("the port is not open");
    }
    return {};
}

} // namespace cb::serial::modbus
