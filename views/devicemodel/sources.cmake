# Device Model tab (tree, filters, editors by data type, pending edits, snapshots and diff) and
# the Connectors tab over the workspace's hardware-state poller (app/devicemodel/hardwarepoller.*,
# built in chargebench_app).
target_sources(chargebench_views PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/devicemodelfilterproxy.cpp ${CMAKE_CURRENT_LIST_DIR}/devicemodelfilterproxy.h
    ${CMAKE_CURRENT_LIST_DIR}/devicemodeltab.cpp ${CMAKE_CURRENT_LIST_DIR}/devicemodeltab.h
    ${CMAKE_CURRENT_LIST_DIR}/devicemodeltreecells.cpp
    ${CMAKE_CURRENT_LIST_DIR}/devicemodeltreemodel.cpp ${CMAKE_CURRENT_LIST_DIR}/devicemodeltreemodel.h
    ${CMAKE_CURRENT_LIST_DIR}/devicemodeltreenode.h
    ${CMAKE_CURRENT_LIST_DIR}/devicemodeltreestructure.cpp
    ${CMAKE_CURRENT_LIST_DIR}/diffdialog.cpp ${CMAKE_CURRENT_LIST_DIR}/diffdialog.h
    ${CMAKE_CURRENT_LIST_DIR}/difftablemodel.cpp ${CMAKE_CURRENT_LIST_DIR}/difftablemodel.h
    ${CMAKE_CURRENT_LIST_DIR}/exportfile.cpp ${CMAKE_CURRENT_LIST_DIR}/exportfile.h
    ${CMAKE_CURRENT_LIST_DIR}/listselectioneditor.cpp ${CMAKE_CURRENT_LIST_DIR}/listselectioneditor.h
    ${CMAKE_CURRENT_LIST_DIR}/pendingeditcommand.cpp ${CMAKE_CURRENT_LIST_DIR}/pendingeditcommand.h
    ${CMAKE_CURRENT_LIST_DIR}/snapshotlistmodel.cpp ${CMAKE_CURRENT_LIST_DIR}/snapshotlistmodel.h
    ${CMAKE_CURRENT_LIST_DIR}/snapshotpanel.cpp ${CMAKE_CURRENT_LIST_DIR}/snapshotpanel.h
    ${CMAKE_CURRENT_LIST_DIR}/variableeditordelegate.cpp ${CMAKE_CURRENT_LIST_DIR}/variableeditordelegate.h
    ${CMAKE_CURRENT_LIST_DIR}/variablevalue.cpp ${CMAKE_CURRENT_LIST_DIR}/variablevalue.h
    ${CMAKE_CURRENT_LIST_DIR}/writestate.h
    ${CMAKE_CURRENT_LIST_DIR}/../connectors/connectorhardwaremodel.cpp ${CMAKE_CURRENT_LIST_DIR}/../connectors/connectorhardwaremodel.h
    ${CMAKE_CURRENT_LIST_DIR}/../connectors/connectorstab.cpp ${CMAKE_CURRENT_LIST_DIR}/../connectors/connectorstab.h
    ${CMAKE_CURRENT_LIST_DIR}/../connectors/hardwaretext.cpp ${CMAKE_CURRENT_LIST_DIR}/../connectors/hardwaretext.h
)
target_link_libraries(chargebench_views PUBLIC chargebench_devicemodel)
