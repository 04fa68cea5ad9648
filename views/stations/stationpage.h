#pragma once

#include "station/stationstate.h"

#include <QTabWidget>

#include <functional>

namespace cb {

class OverviewTab;
class Workspace;

// The selected station's page: one tab per area (overview now; later issues add tabs).
class StationPage : public QTabWidget
{
    Q_OBJECT
public:
    explicit StationPage(Workspace &workspace, QWidget *parent = nullptr);

    void showStation(const QString &identity);
    const QString &identity() const { return m_identity; }
    OverviewTab *overview() const { return m_overview; }
    // Adds a tab that follows the selected station: `onStation` is called on every change.
    void addStationTab(QWidget *tab, const QString &title, std::function<void(const StationSnapshot &)> onStation);

private:
    void onChanged(const StationSnapshot &s);

    Workspace &m_workspace;
    QString m_identity;
    OverviewTab *m_overview;
    QList<std::function<void(const StationSnapshot &)>> m_followers;
};

} // namespace cb
