#include "stationpage.h"

#include "overview/overviewtab.h"
#include "workspace/workspace.h"

namespace cb {

StationPage::StationPage(Workspace &workspace, QWidget *parent) : QTabWidget(parent), m_workspace(workspace)
{
    m_overview = new OverviewTab(this);
    addTab(m_overview, tr("&Overview"));
    connect(&workspace, &Workspace::stationChanged, this, &StationPage::onChanged);
    connect(&workspace, &Workspace::meterSamples, this, [this](const QString &id, const QList<MeterSample> &samples) {
        if (id == m_identity)
            m_overview->addMeterSamples(samples);
    });
}

void StationPage::addStationTab(QWidget *tab, const QString &title, std::function<void(const StationSnapshot &)> onStation)
{
    addTab(tab, title);
    m_followers.append(std::move(onStation));
}

void StationPage::showStation(const QString &identity)
{
    m_identity = identity;
    StationSnapshot s;
    if (const auto live = m_workspace.liveStation(identity))
        s = *live;
    else
        s.identity = identity;
    m_overview->clear();
    m_overview->setSnapshot(s);
    m_overview->addMeterSamples(s.latestMeterValues);
    for (const auto &f : m_followers)
        f(s);
}

void StationPage::onChanged(const StationSnapshot &s)
{
    if (s.identity != m_identity)
        return;
    m_overview->setSnapshot(s);
    for (const auto &f : m_followers)
        f(s);
}

} // namespace cb
