# Installing and the Debian package. `cmake --install build` lays out the FHS tree below
# CMAKE_INSTALL_PREFIX; `cmake --build build --target package` (CPack) makes
# moe-explorer_<version>_amd64.deb from the same install rules. docs/packaging.md lists
# what the package holds and how it is checked.
#
# The programs find their data relative to themselves (<exe>/../share/moe-explorer, see
# core/data/bundled_datasets.h), so the package works wherever it is installed.
include(GNUInstallDirs)

set(MOE_RESOURCES ${PROJECT_SOURCE_DIR}/resources)
set(MOE_DOC_DIR ${CMAKE_INSTALL_DATADIR}/doc/moe-explorer)

# Man pages and the changelog go in gzip-compressed, without a time stamp (gzip -n), as
# Debian policy asks.
find_program(MOE_GZIP gzip REQUIRED)
function(moe_install_gzipped source destination)
  get_filename_component(name ${source} NAME)
  set(out ${CMAKE_BINARY_DIR}/packaging/${name}.gz)
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/packaging
    COMMAND ${MOE_GZIP} -9nc ${source} > ${out}
    DEPENDS ${source}
    COMMENT "Compressing ${name}")
  string(MAKE_C_IDENTIFIER "moe_gzip_${name}" target)
  add_custom_target(${target} ALL DEPENDS ${out})
  install(FILES ${out} DESTINATION ${destination})
endfunction()

moe_install_gzipped(${MOE_RESOURCES}/man/moe.1 ${CMAKE_INSTALL_MANDIR}/man1)
configure_file(${MOE_RESOURCES}/debian/changelog.in ${CMAKE_BINARY_DIR}/packaging-in/changelog @ONLY)
moe_install_gzipped(${CMAKE_BINARY_DIR}/packaging-in/changelog ${MOE_DOC_DIR})
install(FILES ${MOE_RESOURCES}/debian/copyright DESTINATION ${MOE_DOC_DIR})
# The course is built into moe-explorer; its files and their format are installed too, for
# teachers to start their own lessons from (File > Open lesson, moe-explorer --lesson FILE).
file(GLOB MOE_LESSON_FILES CONFIGURE_DEPENDS ${MOE_RESOURCES}/lessons/*.json)
install(FILES ${MOE_LESSON_FILES} DESTINATION ${CMAKE_INSTALL_DATADIR}/moe-explorer/lessons)
install(FILES ${PROJECT_SOURCE_DIR}/docs/lesson-format.md ${PROJECT_SOURCE_DIR}/docs/lesson.schema.json
        DESTINATION ${CMAKE_INSTALL_DATADIR}/moe-explorer/lessons)

if(MOE_BUILD_GUI)
  moe_install_gzipped(${MOE_RESOURCES}/man/moe-explorer.1 ${CMAKE_INSTALL_MANDIR}/man1)
  install(FILES ${MOE_RESOURCES}/moe-explorer.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  install(FILES ${MOE_RESOURCES}/moe-explorer.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
  install(FILES ${MOE_RESOURCES}/moe-explorer.svg
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
  foreach(size 48 128 256)
    install(FILES ${MOE_RESOURCES}/icons/${size}/moe-explorer.png
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
  endforeach()
endif()

# CPack: one .deb, its run-time dependencies found by dpkg-shlibdeps from the programs.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME moe-explorer)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "MoE Explorer")
set(CPACK_PACKAGE_CONTACT "Seed 0e573d4b maintainers <maintainers@users.noreply.r-seed-0e573d4b.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "train, watch and measure Mixture-of-Experts models")
# CPack indents this for the control file and turns the empty line into " .".
set(CPACK_PACKAGE_DESCRIPTION
"MoE Explorer trains a small Mixture-of-Experts model on your data and shows,
live, which expert the gate sends each input to, how evenly the experts share
the work, and how much compute the sparsity saves against a dense network.

This package holds the desktop application (moe-explorer), the command line
(moe) and the bundled datasets.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# Installed directories get 0755 whatever the umask of the machine that builds.
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
include(CPack)
