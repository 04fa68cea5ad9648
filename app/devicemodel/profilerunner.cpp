#include "profilerunner.h"

#include "devicemodelcontext.h"

namespace cb {

using namespace dm;

ProfileRunner::ProfileRunner(DeviceModelContext &context) : d(context) {}

void ProfileRunner::run(int op, const CommissioningProfile &profile, std::function<void(const ProfileReport &)> done)
{
    auto report = std::make_shared<ProfileReport>();
    report->profileName = profile.name;
    report->stationId = d.identity();
    const auto finish = [report, done] { done(*report); };
    const auto station = d.link.live();
    if (!station || !station->connected) {
        report->problem = d.notConnected() + QLatin1Char(' ') + tr("Apply the profile once it is online.");
        finish();
        return;
    }
    if (!profile.appliesToStation(station->boot.vendor, station->boot.model, station->boot.firmwareVersion)) {
        report->applicable = false;
        report->problem = tr("The profile is for other stations; %1 is %2 %3 with firmware %4.")
                              .arg(d.identity(), station->boot.vendor, station->boot.model, station->boot.firmwareVersion);
        finish();
        return;
    }
    d.writer.write(op, profile.values, true, [this, op, report, profile, finish](VerifiedWriter::Results results) {
        report->results = results;
        QList<qsizetype> waiting;
        for (qsizetype i = 0; i < results.size(); ++i)
            if (results.at(i).verify == VerifyState::AwaitingReboot)
                waiting.append(i);
        if (waiting.isEmpty() || !profile.resetOnRebootRequired) {
            if (!waiting.isEmpty())
                report->problem = tr("%1 values take effect only after a reboot, and the profile does not allow a Reset.").arg(waiting.size());
            finish();
            return;
        }
        QList<WriteItem> items;
        for (qsizetype i : waiting)
            items.append(results.at(i).item);
        Q_EMIT d.q->rebootRequired(op, items);
        d.reboot.resetAndWait(QString(), [this, op, report, waiting, finish](bool ok, const QString &message) {
            report->rebooted = ok;
            if (!ok) {
                report->problem = message;
                finish();
                return;
            }
            auto results = std::make_shared<VerifiedWriter::Results>(report->results);
            for (qsizetype i : waiting)
                (*results)[i].verify = VerifyState::NotChecked;
            d.writer.verify(op, results, waiting, [report, results, finish] {
                report->results = *results;
                finish();
            });
        });
    });
}

} // namespace cb
