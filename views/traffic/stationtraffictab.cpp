#include "stationtraffictab.h"

#include "workspace/workspace.h"

namespace cb {

StationTrafficTab::StationTrafficTab(Workspace &workspace, QWidget *parent) : CaptureView(parent), m_workspace(workspace)
{
    setObjectName(QStringLiteral("stationTrafficTab"));
    setFollowLive(true);
    // One coarse signal per committed batch (at most a few per second), never per frame.
    connect(&workspace.capture(), &CaptureWriter::batchWritten, this, [this] {
        if (!databasePath().isEmpty())
            notifyNewFrames();
    });
}

void StationTrafficTab::setStation(const QString &identity)
{
    setLockedStation(identity);
    if (isVisible())
        ensureOpen();
}

void StationTrafficTab::showEvent(QShowEvent *event)
{
    CaptureView::showEvent(event);
    ensureOpen();
}

void StationTrafficTab::ensureOpen()
{
    const QString path = m_workspace.databasePath();
    if (path.isEmpty() || lockedStation().isEmpty() || path == databasePath())
        return;
    openDatabase(path);
}

} // namespace cb
