# SPDX-License-Identifier: Apache-2.0
# One static library per compiler stage, from the table in compiler/stages.txt (format described there).
#
# Each stage's headers are reached through a folder of the build tree that holds a single link,
# <stage> -> compiler/<stage>: that folder is the library's only include directory, and a library sees
# another stage's headers only by linking it. So `#include "emit/..."` in ops/ fails to compile
# ("No such file") instead of quietly working because all of compiler/ is on every include path.
#
# mf_add_stages(TABLE) defines, for every `stage NAME` line, the target mcuforge_NAME (an INTERFACE
# library when the stage has no .cc file), and the INTERFACE target mcuforge_compiler that links them
# all (for the CLI and whole-program tests). Stage-specific extras (generated sources, definitions) are
# added by the caller afterwards.

# Reads TABLE into MF_STAGES (in order), MF_STAGE_<name>_PUBLIC / _PRIVATE, MF_OUTSIDE_<name> (CMake
# target) and MF_FLOORS (pairs "low;high" flattened), all in the caller's scope.
function(mf_read_stage_table TABLE)
  file(STRINGS ${TABLE} lines)
  set(stages "")
  set(floors "")
  foreach(line IN LISTS lines)
    string(REGEX REPLACE "#.*" "" line "${line}")
    string(REGEX MATCHALL "[^ \t]+" tokens "${line}")
    if(NOT tokens)
      continue()
    endif()
    list(POP_FRONT tokens kind name)
    if(kind STREQUAL "outside")
      list(GET tokens 0 target)
      set(MF_OUTSIDE_${name} ${target} PARENT_SCOPE)
      set(outside_${name} TRUE)
    elseif(kind STREQUAL "stage")
      set(public "")
      set(private "")
      set(side public)
      foreach(dep IN LISTS tokens)
        if(dep STREQUAL "|")
          set(side private)
          continue()
        endif()
        list(FIND stages ${dep} dep_index)
        if(dep_index LESS 0 AND NOT outside_${dep})
          message(FATAL_ERROR "${TABLE}: stage ${name} uses '${dep}', which is neither an `outside` name "
                              "nor a stage on an earlier line (a stage may use only the stages below it)")
        endif()
        list(APPEND ${side} ${dep})
      endforeach()
      list(APPEND stages ${name})
      set(MF_STAGE_${name}_PUBLIC ${public} PARENT_SCOPE)
      set(MF_STAGE_${name}_PRIVATE ${private} PARENT_SCOPE)
    elseif(kind STREQUAL "floor")
      list(GET tokens 0 high)
      list(APPEND floors ${name} ${high})
    else()
      message(FATAL_ERROR "${TABLE}: unknown line kind '${kind}'")
    endif()
  endforeach()
  set(MF_STAGES ${stages} PARENT_SCOPE)
  set(MF_FLOORS ${floors} PARENT_SCOPE)
endfunction()

# Everything stage NAME reaches through the table (direct and indirect uses, stages only).
function(mf_stage_reach NAME OUT)
  set(reach "")
  set(todo ${MF_STAGE_${NAME}_PUBLIC} ${MF_STAGE_${NAME}_PRIVATE})
  while(todo)
    list(POP_FRONT todo dep)
    if(dep IN_LIST reach OR NOT dep IN_LIST MF_STAGES)
      continue()
    endif()
    list(APPEND reach ${dep})
    list(APPEND todo ${MF_STAGE_${dep}_PUBLIC} ${MF_STAGE_${dep}_PRIVATE})
  endwhile()
  set(${OUT} ${reach} PARENT_SCOPE)
endfunction()

function(mf_dep_target DEP OUT)
  if(DEFINED MF_OUTSIDE_${DEP})
    set(${OUT} ${MF_OUTSIDE_${DEP}} PARENT_SCOPE)
  else()
    set(${OUT} mcuforge_${DEP} PARENT_SCOPE)
  endif()
endfunction()

function(mf_add_stages TABLE)
  mf_read_stage_table(${TABLE})
  get_filename_component(compiler_dir ${TABLE} DIRECTORY)

  # The floors hold on the whole chain, not only on direct uses.
  set(floors ${MF_FLOORS})
  while(floors)
    list(POP_FRONT floors low high)
    mf_stage_reach(${low} reach)
    if(high IN_LIST reach)
      message(FATAL_ERROR "${TABLE}: ${low} reaches ${high} (${low} uses: ${reach}), which a floor forbids")
    endif()
  endwhile()

  # Every folder of compiler/ that holds code is a stage: a new folder needs its line in the table.
  file(GLOB entries LIST_DIRECTORIES true RELATIVE ${compiler_dir} ${compiler_dir}/*)
  foreach(entry IN LISTS entries)
    if(IS_DIRECTORY ${compiler_dir}/${entry} AND NOT entry IN_LIST MF_STAGES)
      file(GLOB_RECURSE code ${compiler_dir}/${entry}/*.cc ${compiler_dir}/${entry}/*.h)
      if(code)
        message(FATAL_ERROR "compiler/${entry}/ holds code but is not a stage: add a `stage ${entry} ...` "
                            "line to ${TABLE} (where it belongs in the pipeline, with what it uses)")
      endif()
    endif()
  endforeach()

  add_library(mcuforge_compiler INTERFACE)
  foreach(stage IN LISTS MF_STAGES)
    set(lib mcuforge_${stage})
    # The stage's only include directory: <view>/<stage> -> compiler/<stage>.
    set(view ${CMAKE_CURRENT_BINARY_DIR}/stage_include/${stage})
    file(MAKE_DIRECTORY ${view})
    file(CREATE_LINK ${compiler_dir}/${stage} ${view}/${stage} SYMBOLIC)

    file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${compiler_dir}/${stage}/*.cc)
    list(FILTER sources EXCLUDE REGEX "_test\\.cc$")
    list(FILTER sources EXCLUDE REGEX "/templates/")
    set(public "")
    set(private "")
    foreach(side public private)
      string(TOUPPER ${side} SIDE)
      foreach(dep IN LISTS MF_STAGE_${stage}_${SIDE})
        mf_dep_target(${dep} target)
        list(APPEND ${side} ${target})
      endforeach()
    endforeach()

    if(sources)
      add_library(${lib} STATIC ${sources})
      target_include_directories(${lib} PUBLIC ${view})
      target_link_libraries(${lib} PUBLIC ${public} PRIVATE ${private})
      target_compile_options(${lib} PRIVATE -Wall -Wextra -Werror)
      # GCC 12 reports false -Wrestrict positives inside std::string concatenation at -O3 (GCC PR 105329).
      if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
        target_compile_options(${lib} PRIVATE -Wno-restrict)
      endif()
    else()
      if(private)
        message(FATAL_ERROR "${TABLE}: stage ${stage} has no .cc file, so it has no sources to use ${private}")
      endif()
      add_library(${lib} INTERFACE)
      target_include_directories(${lib} INTERFACE ${view})
      target_link_libraries(${lib} INTERFACE ${public})
    endif()
    target_link_libraries(mcuforge_compiler INTERFACE ${lib})
  endforeach()
  set(MF_STAGES ${MF_STAGES} PARENT_SCOPE)
endfunction()
