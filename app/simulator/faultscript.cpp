#include "faultscript.h"

#include "virtualstation.h"

#include <QRegularExpression>
#include <QTimer>

namespace cb::sim {

QString FaultScript::syntax()
{
    return tr("KIND[=ARG]@SECONDS[/EVERY] with KIND drop, malformed, fault=ERRORCODE[:EVSE], clear[:EVSE] or slow=MS, "
              "e.g. drop@60/300, fault=GroundFailure@30, slow=2000@0");
}

Result<FaultScript::Step> FaultScript::parse(const QString &spec)
{
    static const QRegularExpression re(QStringLiteral(R"(^(drop|malformed|fault|clear|slow)(?:=([A-Za-z0-9]+))?(?::(\d+))?@(\d+(?:\.\d+)?)(?:/(\d+(?:\.\d+)?))?$)"));
    const auto m = re.match(spec.trimmed());
    if (!m.hasMatch())
        return Error{tr("\"%1\" is not a fault step.").arg(spec), tr("Use %1.").arg(syntax())};
    Step s;
    const QString kind = m.captured(1);
    const QString arg = m.captured(2);
    s.atS = m.captured(4).toDouble();
    s.everyS = m.captured(5).toDouble();
    if (!m.captured(3).isEmpty())
        s.evseId = m.captured(3).toInt();
    if (kind == QLatin1String("drop"))
        s.kind = Step::Kind::Drop;
    else if (kind == QLatin1String("malformed"))
        s.kind = Step::Kind::Malformed;
    else if (kind == QLatin1String("clear"))
        s.kind = Step::Kind::Clear;
    else if (kind == QLatin1String("fault")) {
        s.kind = Step::Kind::Fault;
        s.errorCode = arg.isEmpty() ? QStringLiteral("OtherError") : arg;
    } else {
        s.kind = Step::Kind::Slow;
        bool ok = false;
        s.delayMs = arg.toInt(&ok);
        if (!ok || s.delayMs < 0)
            return Error{tr("\"%1\": slow needs a delay in milliseconds, e.g. slow=2000@0.").arg(spec), {}};
    }
    if ((s.kind == Step::Kind::Drop || s.kind == Step::Kind::Malformed || s.kind == Step::Kind::Clear) && !arg.isEmpty())
        return Error{tr("\"%1\": %2 takes no value.").arg(spec, kind), tr("Use %1.").arg(syntax())};
    return s;
}

FaultScript::FaultScript(VirtualStation &station, QObject *parent) : QObject(parent), m_station(station)
{
    connect(&station, &VirtualStation::registered, this, &FaultScript::arm);
}

FaultScript::~FaultScript() = default;

void FaultScript::arm()
{
    if (m_armed)
        return;
    m_armed = true;
    for (const Step &step : m_steps) {
        auto timer = std::make_unique<QTimer>();
        timer->setSingleShot(true);
        QTimer *t = timer.get();
        connect(t, &QTimer::timeout, this, [this, step, t] {
            run(step);
            if (step.everyS > 0)
                t->start(m_station.protocolSeconds(step.everyS));
        });
        t->start(m_station.protocolSeconds(step.atS));
        m_timers.push_back(std::move(timer));
    }
}

void FaultScript::run(const Step &step)
{
    switch (step.kind) {
    case Step::Kind::Drop: m_station.dropConnection(); break;
    case Step::Kind::Malformed: m_station.sendMalformedFrame(); break;
    case Step::Kind::Fault: m_station.setConnectorFault(step.evseId, 1, step.errorCode); break;
    case Step::Kind::Clear: m_station.setConnectorFault(step.evseId, 1, {}); break;
    case Step::Kind::Slow:
        m_station.setReplyDelay(std::chrono::milliseconds(step.delayMs));
        m_station.note(tr("replies now %1 ms late (fault)").arg(step.delayMs));
        break;
    }
}

} // namespace cb::sim
