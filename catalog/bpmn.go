package catalog

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/govflow/govflow"
	"github.com/govflow/govflow/bpmn"
	"github.com/govflow/govflow/process"
)

// ImportBPMN reads a BPMN 2.0 model and saves it as a draft: of the process with the model's id (or id,
// when given) as its next version, or of a new process. What govflow cannot run as modelled comes back as
// warnings; the draft's findings say what to complete before publishing.
func (s *Service) ImportBPMN(ctx context.Context, actor govflow.Actor, r io.Reader, id string) (*Version, []bpmn.Warning, error) {
	def, warnings, err := bpmn.Import(r)
	if err != nil {
		var be *bpmn.Error
		if errors.As(err, &be) && be.Line > 0 {
			return nil, nil, govflow.FieldError("file", "BPMN 文件无法读取（第 %d 行第 %d 列）：%s", be.Line, be.Column, be.Message)
		}
		return nil, nil, govflow.FieldError("file", "BPMN 文件无法读取：%v", err)
	}
	if id != "" {
		if !process.ValidProcessID(id) {
			return nil, nil, govflow.FieldError("id", "流程标识“%s”不合规范：只能用小写字母、数字和“-”，如 fawen-banli。", id)
		}
		def.ID = id
	}
	d := Draft{Note: "由 BPMN 文件导入"}
	def.Version = 1
	if sm, err := s.Summary(ctx, def.ID); err == nil {
		d.ID, def.Version = sm.ID, sm.Latest+1
	} else if govflow.ErrorCode(err) != govflow.ENOTFOUND {
		return nil, nil, err
	}
	if d.Source, err = process.Marshal(def); err != nil {
		return nil, nil, fmt.Errorf("write imported definition: %w", err)
	}
	v, err := s.SaveDraft(ctx, actor, d)
	return v, warnings, err
}

// ExportBPMN writes a version as a BPMN 2.0 model with its diagram; a text that does not read cannot be
// exported.
func ExportBPMN(v *Version) ([]byte, error) {
	if v.Def == nil {
		return nil, govflow.Errorf(govflow.EINVALID, "流程 %s 第 %d 版的定义无法读取，不能导出 BPMN。请先修正草稿中的错误。", v.ID, v.Version)
	}
	out, err := bpmn.Export(v.Def)
	if err != nil {
		return nil, govflow.Errorf(govflow.EINVALID, "流程 %s 第 %d 版不能导出 BPMN：%v", v.ID, v.Version, err)
	}
	return out, nil
}
